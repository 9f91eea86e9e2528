//! The pages: home, article (guided tree and whole-article view), search, firmware check, not found.

pub mod article;
pub mod home;
pub mod not_found;
pub mod search;
pub mod verify;
pub mod writer;

/// Text safe to put in `<title>`: Leptos writes title text unescaped on the server, so angle
/// brackets (the only way out of the element) become look-alike quotation marks.
pub fn title_text(s: &str) -> String {
    s.replace('<', "‹").replace('>', "›")
}

#[cfg(test)]
mod tests {
    #[test]
    fn title_text_cannot_close_the_title_element() {
        assert_eq!(super::title_text("a </title><script>"), "a ‹/title›‹script›");
    }
}
