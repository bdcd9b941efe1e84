//! Calendar dates as course offices write them (`2027-02-01`, `01.02.2027`), for course dates on
//! certificates and attendance lists: days are counted with the proleptic Gregorian calendar
//! (Howard Hinnant's `days_from_civil`), which is all a course schedule needs.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The English three-letter name, as `--weekdays mon,thu` takes it.
    pub fn short(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    pub fn from_short(name: &str) -> Option<Weekday> {
        let name = name.trim().to_lowercase();
        Weekday::ALL
            .into_iter()
            .find(|d| name.starts_with(d.short()))
    }
}

impl Date {
    /// The date, if it exists.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&day).then(|| Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// `2027-02-01` or `1.2.2027` / `01.02.2027`; surrounding spaces are ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let numbers = |parts: Vec<&str>| -> Option<Vec<i64>> {
            parts.iter().map(|p| p.trim().parse().ok()).collect()
        };
        if let Some([y, m, d]) = numbers(text.split('-').collect()).as_deref() {
            return Date::new(*y, u32::try_from(*m).ok()?, u32::try_from(*d).ok()?);
        }
        match numbers(text.split('.').collect()).as_deref() {
            Some([d, m, y]) if *y >= 1000 => {
                Date::new(*y, u32::try_from(*m).ok()?, u32::try_from(*d).ok()?)
            }
            _ => None,
        }
    }

    /// The date of a spreadsheet's day number (days since 1899-12-30, as Excel and LibreOffice
    /// count them); the time of day, if any, is dropped.
    pub fn from_spreadsheet(serial: f64) -> Option<Date> {
        let days = serial.floor();
        (1.0..=2_958_465.0).contains(&days).then(|| Date {
            days: days as i64 + days_from_civil(1899, 12, 30),
        })
    }

    pub fn add_days(self, days: i64) -> Date {
        Date {
            days: self.days + days,
        }
    }

    pub fn days_until(self, other: Date) -> i64 {
        other.days - self.days
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.days + 3).rem_euclid(7) as usize]
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }

    /// The date written with `pattern`, whose `{d}`, `{m}` and `{y}` become the day, the month
    /// (both two digits) and the year: `{d}.{m}.{y}` gives `01.02.2027`.
    pub fn format(self, pattern: &str) -> String {
        let (y, m, d) = self.ymd();
        pattern
            .replace("{d}", &format!("{d:02}"))
            .replace("{m}", &format!("{m:02}"))
            .replace("{y}", &y.to_string())
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2027-02-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_of_writing_a_date() {
        let date = Date::new(2027, 2, 1).unwrap();
        assert_eq!(Date::parse("2027-02-01"), Some(date));
        assert_eq!(Date::parse(" 01.02.2027 "), Some(date));
        assert_eq!(Date::parse("1.2.2027"), Some(date));
        assert_eq!(date.to_string(), "2027-02-01");
        assert_eq!(date.format("{d}.{m}.{y}"), "01.02.2027");
        assert_eq!(date.weekday(), Weekday::Monday);
    }

    #[test]
    fn dates_that_do_not_exist_are_none() {
        for text in [
            "2027-02-29",
            "31.04.2027",
            "2027-13-01",
            "1.2.27",
            "",
            "soon",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
        assert!(Date::parse("2028-02-29").is_some());
    }

    #[test]
    fn days_are_counted_across_months_and_years() {
        let date = Date::new(2027, 12, 30).unwrap();
        assert_eq!(date.add_days(3).to_string(), "2028-01-02");
        assert_eq!(Date::new(2027, 2, 1).unwrap().days_until(date), 332);
        // Excel's day number 46419 is 2027-02-01.
        assert_eq!(
            Date::from_spreadsheet(46419.75).unwrap().to_string(),
            "2027-02-01"
        );
    }
}
