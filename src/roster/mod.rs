//! The participant list a course office keeps (a roster), read for certificates and attendance
//! lists. A roster holds personal data of refugee women and their children: nothing read here
//! ever reaches a message except row numbers and column names.

mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, display_path};

/// One person of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The row in the file, as the spreadsheet program numbers it: what messages name.
    pub row: usize,
    pub name: String,
    pub language: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub attended: Attended,
    pub institution: Option<String>,
    pub place: Option<String>,
}

/// What the roster says about a person's attendance.
#[derive(Debug, Clone, PartialEq)]
pub enum Attended {
    /// The roster has no attendance.
    Unknown,
    /// The number of sessions attended.
    Count(u32),
    /// One mark per session column, in column order.
    Sessions(Vec<bool>),
}

impl Attended {
    /// How many sessions the person attended, if known.
    pub fn count(&self) -> Option<u32> {
        match self {
            Attended::Unknown => None,
            Attended::Count(n) => Some(*n),
            Attended::Sessions(marks) => Some(marks.iter().filter(|&&m| m).count() as u32),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Roster {
    /// The file as messages name it.
    pub file: PathBuf,
    pub people: Vec<Person>,
    /// How many session columns the file has (0 when it has none).
    pub session_columns: usize,
}

/// The columns a roster may have, each with the header names it is known by (compared without
/// case, spaces or punctuation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Name,
    Language,
    Start,
    End,
    Attended,
    Institution,
    Place,
}

const COLUMNS: &[(Column, &str, &[&str])] = &[
    (
        Column::Name,
        "name",
        &["name", "participant", "teilnehmerin", "teilnehmer"],
    ),
    (Column::Language, "language", &["language", "sprache"]),
    (Column::Start, "start", &["start", "beginn", "begin"]),
    (Column::End, "end", &["end", "ende"]),
    (
        Column::Attended,
        "attended",
        &["attended", "anwesend", "anwesenheit"],
    ),
    (
        Column::Institution,
        "institution",
        &["institution", "einrichtung", "organisation", "organization"],
    ),
    (Column::Place, "place", &["place", "ort"]),
];

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
    let header = normalise(header);
    COLUMNS
        .iter()
        .find(|(_, _, names)| names.contains(&header.as_str()))
        .map(|(column, _, _)| *column)
}

fn column_name(column: Column) -> &'static str {
    COLUMNS
        .iter()
        .find(|(c, _, _)| *c == column)
        .map_or("?", |(_, name, _)| name)
}

/// Whether a header names one session: `1`, `Session 3`, `Termin 12`, `S4`, or a date.
fn is_session(header: &str) -> bool {
    let header = normalise(header);
    let number = ["session", "termin", "sitzung", "s"]
        .iter()
        .find_map(|prefix| header.strip_prefix(prefix))
        .unwrap_or(&header);
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        || Date::parse(header.as_str()).is_some()
}

/// The roster in `path`, or `None` with the reasons in `diagnostics` (which name rows and
/// columns only, never what a cell holds).
pub fn read(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Option<Roster> {
    let file = display_path(root, path);
    let rows = match table::read(path) {
        Ok(rows) => rows,
        Err(unreadable) => {
            diagnostics.push(Diagnostic::error(&file, unreadable.message).hint(unreadable.hint));
            return None;
        }
    };
    let mut rows = rows
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_empty()));
    let Some(header) = rows.next() else {
        diagnostics.push(
            Diagnostic::error(&file, "the participant list is empty").hint(
                "the first row names the columns (at least `name`), each further row is one person",
            ),
        );
        return None;
    };
    let layout = Layout::of(&file, &header, diagnostics)?;
    let errors = diagnostics.errors();
    let people: Vec<Person> = rows
        .filter_map(|row| layout.person(&file, &row, diagnostics))
        .collect();
    warn_duplicates(&file, &people, diagnostics);
    if people.is_empty() && diagnostics.errors() == errors {
        diagnostics.push(
            Diagnostic::error(&file, "the participant list has no people, only its header")
                .hint("add one row per person below the header"),
        );
    }
    let roster = Roster {
        file,
        people,
        session_columns: layout.sessions.len(),
    };
    (diagnostics.errors() == errors).then_some(roster)
}

/// Which column holds what.
struct Layout {
    columns: BTreeMap<Column, usize>,
    sessions: Vec<usize>,
}

impl Layout {
    fn of(file: &Path, header: &table::Row, diagnostics: &mut Diagnostics) -> Option<Layout> {
        let mut columns = BTreeMap::new();
        let mut sessions = Vec::new();
        let mut unknown = Vec::new();
        for (index, cell) in header.cells.iter().enumerate() {
            match column_of(cell) {
                Some(column) if columns.contains_key(&column) => {
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            format!("the column `{}` is there twice", column_name(column)),
                        )
                        .at(header.number, index + 1)
                        .hint("keep one of them, or rename the other"),
                    );
                }
                Some(column) => {
                    columns.insert(column, index);
                }
                None if is_session(cell) => sessions.push(index),
                None if !cell.is_empty() => unknown.push(cell.clone()),
                None => {}
            }
        }
        if !unknown.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    file,
                    format!("these columns are not used: {}", unknown.join(", ")),
                )
                .at(header.number, 1)
                .hint(known_columns()),
            );
        }
        if !columns.contains_key(&Column::Name) {
            diagnostics.push(
                Diagnostic::error(file, "the participant list has no `name` column")
                    .at(header.number, 1)
                    .hint(known_columns()),
            );
            return None;
        }
        if columns.contains_key(&Column::Attended) && !sessions.is_empty() {
            diagnostics.push(
                Diagnostic::error(file, "the list has both an `attended` column and one column per session")
                    .at(header.number, 1)
                    .hint("keep one way of counting: the number of sessions attended, or a mark (x or 1) per session"),
            );
            return None;
        }
        Some(Layout { columns, sessions })
    }

    fn cell<'r>(&self, row: &'r table::Row, column: Column) -> Option<&'r str> {
        let index = *self.columns.get(&column)?;
        row.cells
            .get(index)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
    }

    /// The person in `row`; `None`, with the reasons, when a cell is wrong.
    fn person(
        &self,
        file: &Path,
        row: &table::Row,
        diagnostics: &mut Diagnostics,
    ) -> Option<Person> {
        let errors = diagnostics.errors();
        let mut problem = |column: Column, message: &str, hint: &str| {
            let index = self.columns.get(&column).copied().unwrap_or(0);
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "row {}, column `{}`: {message}",
                        row.number,
                        column_name(column)
                    ),
                )
                .at(row.number, index + 1)
                .hint(hint.to_owned()),
            );
        };
        let name = self.cell(row, Column::Name).unwrap_or_default();
        if name.is_empty() {
            problem(
                Column::Name,
                "the name is empty",
                "write the person's name, or delete the row",
            );
        }
        let (start, end) = self.dates(row, &mut problem);
        let attended = self.attended(row, &mut problem);
        let text = |column| self.cell(row, column).map(str::to_owned);
        let person = Person {
            row: row.number,
            name: name.to_owned(),
            language: text(Column::Language),
            start,
            end,
            attended,
            institution: text(Column::Institution),
            place: text(Column::Place),
        };
        (diagnostics.errors() == errors).then_some(person)
    }

    /// The start and end of the person's course, when the row gives them.
    fn dates(
        &self,
        row: &table::Row,
        problem: &mut impl FnMut(Column, &str, &str),
    ) -> (Option<Date>, Option<Date>) {
        let mut date = |column: Column| {
            let text = self.cell(row, column)?;
            let date = Date::parse(text);
            if date.is_none() {
                problem(
                    column,
                    "this is not a date",
                    "write dates as 2027-02-01 or 01.02.2027",
                );
            }
            date
        };
        let (start, end) = (date(Column::Start), date(Column::End));
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            problem(
                Column::End,
                "the course ends before it starts",
                "check both dates of the row",
            );
        }
        (start, end)
    }

    fn attended(&self, row: &table::Row, problem: &mut impl FnMut(Column, &str, &str)) -> Attended {
        if let Some(text) = self.cell(row, Column::Attended) {
            return match text.parse::<u32>() {
                Ok(count) => Attended::Count(count),
                Err(_) => {
                    problem(
                        Column::Attended,
                        "this is not a number of sessions",
                        "write how many sessions the person attended, e.g. 14",
                    );
                    Attended::Unknown
                }
            };
        }
        if self.sessions.is_empty() {
            return Attended::Unknown;
        }
        let marks = self.sessions.iter().map(|&index| {
            let cell = row
                .cells
                .get(index)
                .map(|c| c.trim().to_lowercase())
                .unwrap_or_default();
            match cell.as_str() {
                "x" | "1" | "ja" | "yes" | "✓" | "✔" | "true" | "wahr" => Some(true),
                "" | "0" | "-" | "nein" | "no" | "false" | "falsch" => Some(false),
                _ => None,
            }
        });
        match marks.collect::<Option<Vec<bool>>>() {
            Some(marks) => Attended::Sessions(marks),
            None => {
                problem(
                    Column::Attended,
                    "a session column holds something other than a mark",
                    "mark a session attended with x or 1 and leave it empty otherwise",
                );
                Attended::Unknown
            }
        }
    }
}

fn known_columns() -> String {
    let names: Vec<String> = COLUMNS
        .iter()
        .map(|(_, name, aliases)| format!("`{name}` ({})", aliases[1..].join(", ")))
        .collect();
    format!(
        "the first row names the columns, in any order: {}; and one column per session (1, 2, … or Session 1, …) holding x or 1",
        names.join(", ")
    )
}

/// People of the same name are warned about, never merged: two women may share a name.
fn warn_duplicates(file: &Path, people: &[Person], diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for person in people {
        let key = normalise(&person.name);
        match seen.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::warning(
                    file,
                    format!("rows {first} and {} have the same name", person.row),
                )
                .at(person.row, 1)
                .hint("both get a certificate; if it is one person twice, delete one row"),
            ),
            None => {
                seen.insert(key, person.row);
            }
        }
    }
}
