//! The pages: home, article (guided tree and whole-article view), not found.

pub mod article;
pub mod home;
pub mod not_found;
