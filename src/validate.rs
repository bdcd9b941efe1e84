//! Checks that need the whole loaded project: lesson-plan arithmetic, DigComp codes and levels,
//! program rhythms, UI strings.

use crate::content::model::{Document, LessonStructure, Program, Project};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::digcomp::Framework;
use crate::locale::Catalog;
use crate::plan;

pub fn validate(project: &Project, catalog: &Catalog, diagnostics: &mut Diagnostics) {
    for program in &project.programs {
        check_program(project, program, diagnostics);
    }
    crate::translation::check(project, diagnostics);
    for language in &project.site.languages {
        if language.code != project.site.default_language {
            check_ui_strings(
                catalog,
                &language.code,
                &project.site.default_language,
                diagnostics,
            );
        }
    }
}

/// Warns when the UI strings of `lang` are missing, all or some.
fn check_ui_strings(catalog: &Catalog, lang: &str, default: &str, diagnostics: &mut Diagnostics) {
    let shown = format!("locales/{lang}.yaml");
    if !catalog.has_language(lang) {
        diagnostics.push(
            Diagnostic::warning(
                &shown,
                format!(
                    "there are no UI strings for `{lang}`; pages show them in the default language"
                ),
            )
            .hint(format!(
                "create locales/{lang}.yaml by translating locales/{default}.yaml"
            )),
        );
        return;
    }
    let missing = catalog.missing_keys(lang);
    if !missing.is_empty() {
        let shown_keys: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        let more = if missing.len() > 8 {
            format!(" and {} more", missing.len() - 8)
        } else {
            String::new()
        };
        diagnostics.push(
            Diagnostic::warning(&shown, format!("{} UI strings are missing: {}{more}", missing.len(), shown_keys.join(", ")))
                .hint("translate them from the default language's file; until then the default language is shown"),
        );
    }
}

/// The checks of one program and its lessons: phase sums, DigComp codes and levels, the rhythm.
pub fn check_program(project: &Project, program: &Program, diagnostics: &mut Diagnostics) {
    let framework = Framework::digcomp();
    let default = &project.site.default_language;
    for lesson in &program.lessons {
        let Some(source) = lesson.docs.get(default) else {
            continue;
        };
        let doc = &source.doc;
        let structure = &lesson.structure;
        if program.kind.has_lesson_plans() {
            check_phase_sum(doc, structure, diagnostics);
        }
        check_digcomp(framework, doc, structure, diagnostics);
        if structure.sessions == 0 {
            diagnostics.push(
                Diagnostic::error(&doc.path, "`sessions` must be at least 1")
                    .at(doc.key_line("sessions"), 1)
                    .hint("remove `sessions` for a lesson taught in one session")
                    .with_source(&doc.text),
            );
        }
    }
    check_rhythm(program, diagnostics);
}

/// The phases' minutes must add up to the lesson's duration.
fn check_phase_sum(doc: &Document, structure: &LessonStructure, diagnostics: &mut Diagnostics) {
    if structure.phase_minutes.is_empty() {
        return;
    }
    let sum: u32 = structure.phase_minutes.iter().sum();
    if sum == structure.duration {
        return;
    }
    let times = plan::phase_times(&structure.phase_minutes);
    let listing: Vec<String> = structure.phase_minutes.iter().map(u32::to_string).collect();
    diagnostics.push(
        Diagnostic::error(
            &doc.path,
            format!(
                "the phases add up to {sum} minutes, but `duration` is {}",
                structure.duration
            ),
        )
        .at(doc.key_line("duration"), 1)
        .hint(format!(
            "phase minutes are {} (ending at {}); change a phase or set `duration: {sum}`",
            listing.join(" + "),
            times.last().map_or("0:00".to_owned(), |t| plan::clock(t.1))
        ))
        .with_source(&doc.text),
    );
}

/// The lesson's competence codes and level must be the framework's.
fn check_digcomp(
    framework: &Framework,
    doc: &Document,
    structure: &LessonStructure,
    diagnostics: &mut Diagnostics,
) {
    for code in &structure.digcomp {
        if framework.competence(code).is_none() {
            let codes: Vec<&str> = framework
                .competences()
                .map(|(_, c)| c.code.as_str())
                .collect();
            // The line that lists the code, rather than just the `digcomp` key.
            let line = doc.text.lines().position(|l| {
                l.contains(&format!("\"{code}\""))
                    || l.contains(&format!("'{code}'"))
                    || (l.contains("digcomp") && l.contains(code.as_str()))
            });
            let hint = match did_you_mean(code, codes.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? {} has 21 competences, 1.1 to 5.4",
                    framework.name()
                ),
                None => format!("{} competences are {}", framework.name(), codes.join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(
                    &doc.path,
                    format!("`{code}` is not a {} competence", framework.name()),
                )
                .at(line.map_or_else(|| doc.key_line("digcomp"), |l| l + 1), 1)
                .hint(hint)
                .with_source(&doc.text),
            );
        }
    }
    if let Some(level) = structure.level
        && framework.level(level).is_none()
    {
        diagnostics.push(
            Diagnostic::error(&doc.path, format!("level {level} is not a {} proficiency level", framework.name()))
                .at(doc.key_line("level"), 1)
                .hint("levels go from 1 to 8: 1–2 Foundation, 3–4 Intermediate, 5–6 Advanced, 7–8 Highly specialised")
                .with_source(&doc.text),
        );
    }
}

/// The lessons' sessions must fill the program's rhythm, when it has one and every lesson could
/// be read.
fn check_rhythm(program: &Program, diagnostics: &mut Diagnostics) {
    let Some(rhythm) = program.rhythm else {
        return;
    };
    let planned = rhythm.weeks * rhythm.sessions_per_week;
    let sessions = plan::session_count(&program.lessons);
    if sessions != planned && !program.lessons.is_empty() && program.unreadable.is_empty() {
        let doc = &program.docs.source().doc;
        diagnostics.push(
            Diagnostic::error(
                &doc.path,
                format!(
                    "the lessons fill {sessions} sessions, but the rhythm plans {planned} ({} weeks × {} sessions)",
                    rhythm.weeks, rhythm.sessions_per_week
                ),
            )
            .at(doc.key_line("rhythm"), 1)
            .hint("change `weeks` or `sessions_per_week`, or the `sessions` of some lessons, so that they match")
            .with_source(&doc.text),
        );
    }
}
