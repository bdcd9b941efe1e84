//! digifam: a static curriculum-site generator for the Digital Families partnership.
//!
//! Data flows one way, through layers that only use the layers below them (`tests/layers.rs`
//! holds the order): [`content`] loads `curriculum/` and splits each body into its blocks with
//! [`markdown`]; [`validate`] checks it; [`site`] knows where every output file lies; [`view`]
//! makes what each page shows in one language; the renderers [`html`], [`pdf`], [`search`] and
//! [`lms`] turn views into files; [`build`] strings the stages together for `build` and `check`, and
//! [`serve`] for the live preview.

// Foundations: messages, settings, dates, theme, the Markdown dialect.
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod digcomp;
pub mod locale;
pub mod markdown;
pub mod theme;

// The curriculum as authors wrote it, and what can be known of it.
pub mod content;
pub mod plan;
pub mod roster;
pub mod translation;
pub mod validate;

// The site: paths, views, renderers, writing.
pub mod cache;
pub mod html;
pub mod lms;
pub mod output;
pub mod pdf;
pub mod search;
pub mod site;
pub mod view;

// The commands.
pub mod build;
pub mod office;
pub mod scaffold;
pub mod serve;
pub mod synthetic;
