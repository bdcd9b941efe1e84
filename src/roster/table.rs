//! A roster file as a table of texts with the row numbers people see in their spreadsheet
//! program: CSV as Excel and LibreOffice write it, or an `.xlsx` / `.ods` workbook's first sheet.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader};

use crate::date::Date;

/// The cells of one row, by column, with its row number (1 is the header).
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// Why a roster file cannot be read as a table.
pub struct Unreadable {
    pub message: String,
    pub hint: String,
}

const SAVE_AS_UTF8: &str = "save it again as UTF-8: in Excel “File > Save As > CSV UTF-8 (comma delimited)”, in LibreOffice “Save As > Text CSV” with the character set “Unicode (UTF-8)”";

/// The rows of the file at `path`, header first.
pub fn read(path: &Path) -> Result<Vec<Row>, Unreadable> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => csv_rows(path),
        "xlsx" | "xlsm" | "xls" | "ods" => sheet_rows(path),
        _ => Err(Unreadable {
            message: format!("digifam cannot read `.{extension}` files as a participant list"),
            hint: "save the list as CSV (UTF-8), .xlsx or .ods".to_owned(),
        }),
    }
}

fn csv_rows(path: &Path) -> Result<Vec<Row>, Unreadable> {
    let bytes = fs::read(path).map_err(|err| Unreadable {
        message: format!("cannot read the file: {err}"),
        hint: "check the path and that the file is not open in another program".to_owned(),
    })?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Unreadable {
            message: "the file is in UTF-16 (“Unicode text”), not UTF-8".to_owned(),
            hint: SAVE_AS_UTF8.to_owned(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let line = bytes[..err.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Unreadable {
            message: format!(
                "the file is not UTF-8 text (row {line} has a character in another encoding, probably Windows-1252 or ISO 8859-1)"
            ),
            hint: SAVE_AS_UTF8.to_owned(),
        }
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| Unreadable {
            message: format!("the file is not valid CSV: {err}"),
            hint: "check the quotes in the row named; save the list again from the spreadsheet program".to_owned(),
        })?;
        let number = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push(Row {
            number,
            cells: record.iter().map(|c| c.trim().to_owned()).collect(),
        });
    }
    Ok(rows)
}

/// The separator of the header line: `;` as Excel writes CSV in German-speaking countries, `,`
/// elsewhere, or a tab.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|&c| (header.bytes().filter(|&b| b == c).count(), c == b';'))
        .unwrap_or(b';')
}

fn sheet_rows(path: &Path) -> Result<Vec<Row>, Unreadable> {
    let unreadable = |err: &dyn std::fmt::Display| Unreadable {
        message: format!("cannot read the workbook: {err}"),
        hint: "open it in Excel or LibreOffice and save it again as .xlsx, .ods or CSV (UTF-8)"
            .to_owned(),
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| unreadable(&e))?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(err)) => return Err(unreadable(&err)),
        None => return Err(unreadable(&"it has no sheet")),
    };
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let offset = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(index, cells)| Row {
            number: first + index + 1,
            cells: std::iter::repeat_n(String::new(), offset)
                .chain(cells.iter().map(cell_text))
                .collect(),
        })
        .collect())
}

/// A cell as text: dates as `2027-02-01`, whole numbers without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DurationIso(text) => text.trim().to_owned(),
        // `2027-02-01T00:00:00`: the date is what a course needs.
        Data::DateTimeIso(text) => text.split('T').next().unwrap_or_default().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(date) => Date::from_spreadsheet(date.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_separator_is_what_the_header_uses_most() {
        assert_eq!(super::separator("Name;Ort;anwesend\n"), b';');
        assert_eq!(super::separator("name,place,attended\n"), b',');
        assert_eq!(super::separator("name\tplace\n"), b'\t');
        assert_eq!(super::separator("Name\n"), b';');
    }
}
