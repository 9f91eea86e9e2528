//! The content folder as the loader sees it, trusting nothing in it: only regular files are
//! read; a symbolic link is followed only when what it points to stays inside the folder;
//! FIFOs, sockets and devices are reported, never opened for reading; and every read is bounded,
//! whatever the file's metadata claims.

use super::Diagnostic;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folders deeper than this are not searched for articles.
const MAX_DEPTH: usize = 8;

/// The article files under a folder, and the ones it will not read, with why.
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// Files to read, in no particular order.
    pub(super) files: Vec<PathBuf>,
    /// What was left alone: links out of the folder, broken links, special files.
    pub(super) skipped: Vec<Diagnostic>,
}

/// Lists the article files under `dir` (a `README.md` is documentation, not an article).
pub(super) fn walk(dir: &Path) -> std::io::Result<Walk> {
    let root = dir.canonicalize()?;
    let mut walk = Walk::default();
    visit(&root, dir, 0, &mut walk)?;
    Ok(walk)
}

/// The endings of article files, in lower case (MDX is read as Markdown).
const ARTICLE_EXTENSIONS: [&str; 3] = [".md", ".markdown", ".mdx"];

/// True for a lower-case file name with an article file's ending.
pub fn has_article_extension(lower: &str) -> bool {
    ARTICLE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}

/// True for names the loader reads as articles: `.md`, `.markdown` and `.mdx` files (MDX is read
/// as Markdown), but not hidden
/// files or a folder's `README`.
fn is_article_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    has_article_extension(&lower)
        && !name.starts_with('.')
        && !matches!(lower.as_str(), "readme.md" | "readme.markdown" | "readme.mdx")
}

/// True for a folder's index page (`index.md`, `_index.md`, also `.markdown` and `.mdx`), which
/// introduces the folder's section instead of being an article.
pub(super) fn is_index_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(stem, _)| stem);
    is_article_file(path) && matches!(stem, "index" | "_index")
}

fn visit(root: &Path, dir: &Path, depth: usize, walk: &mut Walk) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        // The entry itself, not what a link points to.
        let ty = entry.file_type()?;
        let (is_dir, is_file) = if ty.is_symlink() {
            match followed(root, &path) {
                Ok(meta) => (meta.is_dir(), meta.is_file()),
                Err(why) => {
                    if is_article_file(&path) {
                        walk.skipped.push(
                            Diagnostic::error(&path, 1, why)
                                .with_hint("copy the article into the content folder instead of linking to it"),
                        );
                    }
                    continue;
                }
            }
        } else {
            (ty.is_dir(), ty.is_file())
        };
        if is_dir {
            if !hidden && depth < MAX_DEPTH {
                // An unreadable subfolder should not hide the rest of the content.
                let _ = visit(root, &path, depth + 1, walk);
            }
        } else if is_article_file(&path) {
            if is_file {
                walk.files.push(path);
            } else {
                walk.skipped.push(
                    Diagnostic::error(
                        &path,
                        1,
                        "this is not a regular file (a FIFO, socket or device), so it is not read",
                    )
                    .with_hint("articles are plain files: replace it with one"),
                );
            }
        }
    }
    Ok(())
}

/// What a symbolic link at `path` points to, when that stays inside `root`.
fn followed(root: &Path, path: &Path) -> Result<std::fs::Metadata, String> {
    let target = path
        .canonicalize()
        .map_err(|e| format!("a link to nothing readable ({e}), so it is not read"))?;
    if !target.starts_with(root) {
        return Err("a link to a file outside the content folder, so it is not read".into());
    }
    std::fs::metadata(&target).map_err(|e| format!("a link to nothing readable ({e}), so it is not read"))
}

/// Why one file's bytes could not be had.
#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    /// Opening or reading failed.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// What the path names now is no regular file (it changed since the folder was listed).
    #[error("this is not a regular file, so it is not read")]
    NotAFile,
    /// More than the limit.
    #[error("the file is larger than {0} bytes, the limit for an article")]
    TooLarge(u64),
}

/// The bytes of the regular file at `path`, at most `limit` of them. The file is opened without
/// waiting (a FIFO swapped in after the walk cannot block), checked to be a regular file through
/// the open handle, and read through a bound, so a device or a growing file costs at most
/// `limit + 1` bytes.
pub(super) fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file: File = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// The text of a file a diagnostic names, for showing its lines: only a regular file that is not
/// a link (a link may point anywhere), read with the same bound as an article.
pub fn source_text(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let bytes = read_bounded(path, super::MAX_ARTICLE_BYTES).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}
