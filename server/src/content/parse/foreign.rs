//! Syntax other documentation tools put in Markdown that Fixpath does not run: MDX `import` /
//! `export` lines and JSX component tags, Jekyll/Liquid `{% … %}` and Hugo shortcodes
//! `{{< … >}}` / `{{% … %}}`. Each is blanked out (so it is never shown raw, and every other
//! line and column stays where the writer wrote it) and reported as a warning.

use super::ArticleParser;
use std::borrow::Cow;

/// Template tags, with the text that closes each.
const TEMPLATE_TAGS: [(&str, &str); 3] = [("{%", "%}"), ("{{<", ">}}"), ("{{%", "%}}")];

impl ArticleParser<'_> {
    /// `body` with foreign syntax blanked out (outside code blocks); `first` is the file line of
    /// its first line, `mdx` whether the file is MDX (where `import`/`export` lines and
    /// capitalised JSX tags are expected).
    pub(super) fn blank_foreign_syntax<'b>(&mut self, body: &'b str, first: u32, mdx: bool) -> Cow<'b, str> {
        if !body.contains("{%") && !body.contains("{{") && !mdx {
            return Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(body.len());
        let mut fence: Option<&str> = None;
        for (n, line) in body.split_inclusive('\n').enumerate() {
            let no = first + u32::try_from(n).unwrap_or(u32::MAX);
            let trimmed = line.trim_start();
            // Code blocks show their text as written.
            if let Some(f) = fence {
                if trimmed.starts_with(f) {
                    fence = None;
                }
                out.push_str(line);
                continue;
            }
            if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
                fence = Some(f);
                out.push_str(line);
                continue;
            }
            let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
            if mdx && (trimmed.starts_with("import ") || trimmed.starts_with("export ")) {
                self.warn(
                    no,
                    "an MDX `import`/`export` line: Fixpath reads MDX as Markdown and leaves it out",
                    Some("remove it; write the component's content as Markdown"),
                );
                out.push_str(ending);
                continue;
            }
            if mdx && is_jsx_tag_line(trimmed) {
                self.warn(
                    no,
                    format!(
                        "a JSX component tag (`{}`): not rendered, its text is shown as Markdown",
                        component_name(trimmed)
                    ),
                    Some("replace the component with Markdown (a heading, a list, a table)"),
                );
                out.push_str(ending);
                continue;
            }
            out.push_str(&self.blank_template_tags(line, no));
        }
        Cow::Owned(out)
    }

    /// `line` with every complete template tag replaced by spaces (columns stay put).
    fn blank_template_tags(&mut self, line: &str, no: u32) -> String {
        let mut out = line.to_string();
        for (open, close) in TEMPLATE_TAGS {
            let mut from = 0;
            while let Some(start) = out[from..].find(open).map(|i| i + from) {
                let Some(end) = out[start + open.len()..]
                    .find(close)
                    .map(|i| i + start + open.len() + close.len())
                else {
                    break;
                };
                let tag: String = out[start..end].chars().take(40).collect();
                self.warn(
                    no,
                    format!("a template tag (`{tag}`): Fixpath does not run templates and leaves it out"),
                    Some("write its result as Markdown"),
                );
                out.replace_range(start..end, &" ".repeat(end - start));
                from = end;
            }
        }
        out
    }
}

/// True for a line that is a JSX component tag: `<Tabs>`, `</TabItem>`, `<Admonition type="tip">`.
fn is_jsx_tag_line(trimmed: &str) -> bool {
    let rest = trimmed.strip_prefix("</").or_else(|| trimmed.strip_prefix('<'));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The tag's name, for the message.
fn component_name(trimmed: &str) -> String {
    trimmed
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>')
        .chain(std::iter::once('>'))
        .collect()
}
