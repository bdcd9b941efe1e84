//! Loading content: `curriculum/` on disk to a typed [`model::Project`].

pub mod bodies;
pub mod frontmatter;
pub mod load;
pub mod memo;
pub mod model;

pub use bodies::{Bodies, parse_bodies, parse_documents};
pub use load::{CONTENT_DIR, load};
pub use memo::Memo;
