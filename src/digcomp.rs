//! The DigComp 2.2 competence framework, shipped as data (`frameworks/digcomp-2.2.yaml`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Competence {
    pub code: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Area {
    pub code: String,
    pub title: String,
    pub competences: Vec<Competence>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Level {
    pub level: u8,
    pub band: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Framework {
    pub framework: String,
    pub version: String,
    pub citation: String,
    pub licence: String,
    pub url: String,
    pub areas: Vec<Area>,
    pub levels: Vec<Level>,
}

const DIGCOMP_2_2: &str = include_str!("../frameworks/digcomp-2.2.yaml");

impl Framework {
    /// The framework lessons are aligned with. Parsed once; the data file is part of the binary and
    /// covered by a test, so it cannot fail at run time.
    pub fn digcomp() -> &'static Framework {
        static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
        FRAMEWORK.get_or_init(|| {
            serde_yaml::from_str(DIGCOMP_2_2)
                .expect("frameworks/digcomp-2.2.yaml is valid (tested)")
        })
    }

    pub fn competences(&self) -> impl Iterator<Item = (&Area, &Competence)> {
        self.areas
            .iter()
            .flat_map(|area| area.competences.iter().map(move |c| (area, c)))
    }

    pub fn competence(&self, code: &str) -> Option<&Competence> {
        self.competences().map(|(_, c)| c).find(|c| c.code == code)
    }

    pub fn area_of(&self, code: &str) -> Option<&Area> {
        self.competences()
            .find(|(_, c)| c.code == code)
            .map(|(a, _)| a)
    }

    pub fn level(&self, level: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.level == level)
    }

    pub fn name(&self) -> String {
        format!("{} {}", self.framework, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_has_five_areas_21_competences_8_levels() {
        let f = Framework::digcomp();
        assert_eq!(f.areas.len(), 5);
        assert_eq!(f.competences().count(), 21);
        assert_eq!(f.levels.len(), 8);
        assert_eq!(
            f.competence("2.3").unwrap().title,
            "Engaging citizenship through digital technologies"
        );
        assert_eq!(
            f.competence("5.3").unwrap().title,
            "Creatively using digital technology"
        );
        assert!(f.competence("6.1").is_none());
        assert_eq!(f.level(7).unwrap().band, "Highly specialised");
    }
}
