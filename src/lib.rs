//! digifam: a static curriculum-site generator for the Digital Families partnership.
//!
//! Data flows one way: [`content`] loads `curriculum/`, [`validate`] checks it, [`render`] turns it
//! into pages, and [`output`] writes them. [`build`] strings the stages together for the CLI.

pub mod build;
pub mod content;
pub mod diagnostic;
pub mod digcomp;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod plan;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod synthetic;
pub mod theme;
pub mod translation;
pub mod validate;
