//! Documents made from a theme template and data, not from the curriculum: the certificates and
//! attendance lists a course office makes from its participant list. The data comes as JSON from
//! a view and reaches Typst as a value ([`values::json`]), every text a string literal.

use std::path::{Path, PathBuf};

use super::typeset::Typesetter;
use super::values;
use crate::diagnostic::Diagnostic;
use crate::theme::Assets;

/// The Typst compiler with the theme's templates and fonts, and the issuing institution's logo.
pub struct Forms<'a> {
    typesetter: Typesetter,
    assets: &'a Assets,
    /// The logo's path for the templates (`/logo.png`), if there is one.
    pub logo: Option<String>,
}

impl<'a> Forms<'a> {
    /// `logo` is an image file (SVG, PNG, JPEG, GIF), checked by [`logo_file`].
    pub fn new(assets: &'a Assets, logo: Option<&Path>) -> Self {
        let logo = logo.map(|path| {
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("png");
            (
                format!("/logo.{}", extension.to_lowercase()),
                path.to_path_buf(),
            )
        });
        Forms {
            typesetter: super::typesetter(&assets.pdf_files(), logo.iter().cloned().collect()),
            assets,
            logo: logo.map(|(name, _)| name),
        }
    }

    /// The PDF of `function` in the theme's `template` (`certificate.typ`) applied to `data`.
    /// `ident` names the document in every build; `source` is the file problems that are not in
    /// a template are reported on.
    pub fn make(
        &self,
        (template, function): (&str, &str),
        data: &serde_json::Value,
        ident: &str,
        source: &Path,
    ) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let main = format!(
            "#import \"/{template}\": {function}\n#{function}({})\n",
            values::json(data)
        );
        let report = |problems| super::reported(problems, source, ident, self.assets);
        super::pool().install(|| match self.typesetter.pdf(&main, ident) {
            Ok((bytes, problems)) => Ok((bytes, report(problems))),
            Err(problems) => Err(report(problems)),
        })
    }
}

/// A logo given on the command line, checked: why not, when it is not an image Typst can show.
pub fn logo_file(path: &Path) -> Result<PathBuf, String> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if !["svg", "png", "jpg", "jpeg", "gif"].contains(&extension.as_str()) {
        return Err(format!(
            "the logo must be an SVG, PNG, JPEG or GIF image, not `.{extension}`"
        ));
    }
    if !path.is_file() {
        return Err(format!("there is no file {}", path.display()));
    }
    Ok(path.to_path_buf())
}
