//! The firmware images an article lists and the ```` ```verify ```` blocks that place a hash
//! checker in it: every name a block uses must be one of the article's images.

use super::super::firmware;
use super::super::front_matter::FrontMatter;
use super::super::markdown;
use super::super::Diagnostic;
use super::blocks::Item;
use super::ArticleParser;
use pulldown_cmark::{Event, TagEnd};

impl ArticleParser<'_> {
    /// Reads `firmware:`; its problems join the article's (errors keep it offline).
    pub(super) fn read_firmware(&mut self, fm: &FrontMatter, yaml: &str) -> firmware::Images {
        let Some(value) = &fm.firmware else {
            return firmware::Images::default();
        };
        let mut images = firmware::parse_images(value, yaml, self.path);
        for d in std::mem::take(&mut images.problems) {
            if d.is_error() {
                self.errors.push(d);
            } else {
                self.problems.push(d);
            }
        }
        images
    }

    /// Reports ```` ```verify ```` blocks that name images the front matter does not list (images
    /// listed but rejected for their own error are not reported again).
    pub(super) fn check_checker_blocks(&mut self, item: &Item<'_>, firmware: &firmware::Images) {
        let images = &firmware.images;
        let mut events = item.events.iter();
        while let Some((e, pos)) = events.next() {
            if !markdown::is_checker_block(e) {
                continue;
            }
            let mut names = markdown::checker_fence_names(e);
            for (e, _) in events.by_ref() {
                match e {
                    Event::Text(t) => names.extend(firmware::block_names(t)),
                    Event::End(TagEnd::CodeBlock) => break,
                    _ => {}
                }
            }
            for name in firmware::resolve(&names, images).1 {
                if firmware.rejected.contains(&name) {
                    continue;
                }
                let known: Vec<&str> = images.iter().map(|i| i.file.as_str()).collect();
                let hint = if known.is_empty() {
                    "the front matter lists no `firmware:` images; add it there, or leave the block empty to check against a pasted hash".to_string()
                } else {
                    format!("known images: {}", known.join(", "))
                };
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        pos.line,
                        format!("the `verify` block names `{name}`, which is not in this article's `firmware:` list"),
                    )
                    .at_col(pos.col)
                    .with_hint(hint),
                );
            }
        }
    }
}
