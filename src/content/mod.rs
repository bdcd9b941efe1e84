//! Loading content: `curriculum/` on disk to a typed [`model::Project`].

pub mod frontmatter;
pub mod load;
pub mod model;

pub use load::{CONTENT_DIR, load};
