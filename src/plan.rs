//! Lesson-plan arithmetic: the running clock of a phase plan, a program's schedule and week plan.

use serde::Serialize;

use crate::content::model::{Lesson, Rhythm};
use crate::date::{Date, Weekday};

/// `h:mm` for a number of minutes since the start.
pub fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Start and end minute of each phase, from 0.
pub fn phase_times(minutes: &[u32]) -> Vec<(u32, u32)> {
    let mut start = 0;
    minutes
        .iter()
        .map(|&m| {
            let span = (start, start + m);
            start += m;
            span
        })
        .collect()
}

/// One course session in the week plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub number: u32,
    /// Index of the lesson in the program.
    pub lesson: usize,
    /// Which of the lesson's sessions this is (1-based), and how many it has.
    pub part: u32,
    pub parts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    pub number: u32,
    pub sessions: Vec<Session>,
}

/// How many course sessions each lesson fills, in lesson order.
pub fn sessions(lessons: &[Lesson]) -> Vec<u32> {
    lessons
        .iter()
        .map(|l| l.structure.sessions.max(1))
        .collect()
}

/// Lays the lessons' sessions (see [`sessions`]) out week by week, in lesson order.
pub fn week_plan(sessions: &[u32], rhythm: Rhythm) -> Vec<Week> {
    let per_week = rhythm.sessions_per_week.max(1);
    let mut weeks: Vec<Week> = Vec::new();
    let mut number = 0;
    for (index, &parts) in sessions.iter().enumerate() {
        let parts = parts.max(1);
        for part in 1..=parts {
            let week = number / per_week + 1;
            number += 1;
            if weeks.last().is_none_or(|w| w.number != week) {
                weeks.push(Week {
                    number: week,
                    sessions: Vec::new(),
                });
            }
            if let Some(last) = weeks.last_mut() {
                last.sessions.push(Session {
                    number,
                    lesson: index,
                    part,
                    parts,
                });
            }
        }
    }
    weeks
}

/// Total sessions of a program's lessons.
pub fn session_count(lessons: &[Lesson]) -> u32 {
    sessions(lessons).iter().sum()
}

/// The dates of `count` sessions from `start` on: each week on `weekdays` (the start's weekday
/// when none are given), leaving out the dates in `skip` (holidays) and taking the next course day
/// instead. `start` itself is the first session when it is a course day.
pub fn session_dates(count: usize, start: Date, weekdays: &[Weekday], skip: &[Date]) -> Vec<Date> {
    let days: Vec<Weekday> = if weekdays.is_empty() {
        vec![start.weekday()]
    } else {
        weekdays.to_vec()
    };
    let mut dates = Vec::with_capacity(count);
    let mut day = start;
    // A course day comes at least once a week, so this ends after `count` weeks plus the skips.
    while dates.len() < count {
        if days.contains(&day.weekday()) && !skip.contains(&day) {
            dates.push(day);
        }
        day = day.add_days(1);
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_clock() {
        assert_eq!(
            phase_times(&[10, 25, 55]),
            vec![(0, 10), (10, 35), (35, 90)]
        );
        assert_eq!(clock(35), "0:35");
        assert_eq!(clock(125), "2:05");
    }

    #[test]
    fn week_plan_spreads_multi_session_lessons() {
        let sessions = [2, 1, 3];
        let weeks = week_plan(
            &sessions,
            Rhythm {
                weeks: 3,
                sessions_per_week: 2,
            },
        );
        assert_eq!(weeks.len(), 3);
        assert_eq!(
            weeks[0]
                .sessions
                .iter()
                .map(|s| (s.lesson, s.part))
                .collect::<Vec<_>>(),
            vec![(0, 1), (0, 2)]
        );
        assert_eq!(
            weeks[1]
                .sessions
                .iter()
                .map(|s| (s.lesson, s.part))
                .collect::<Vec<_>>(),
            vec![(1, 1), (2, 1)]
        );
        assert_eq!(
            weeks[2]
                .sessions
                .iter()
                .map(|s| (s.lesson, s.part, s.parts))
                .collect::<Vec<_>>(),
            vec![(2, 2, 3), (2, 3, 3)]
        );
        assert_eq!(sessions.iter().sum::<u32>(), 6);
    }

    #[test]
    fn sessions_fall_on_course_days_and_skip_holidays() {
        let start = Date::parse("2027-02-01").unwrap(); // a Monday
        let days = [Weekday::Monday, Weekday::Thursday];
        let skip = [Date::parse("2027-02-08").unwrap()];
        let dates: Vec<String> = session_dates(4, start, &days, &skip)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            dates,
            ["2027-02-01", "2027-02-04", "2027-02-11", "2027-02-15"]
        );
        let weekly = session_dates(2, Date::parse("2027-02-03").unwrap(), &[], &[]);
        assert_eq!(weekly[1].to_string(), "2027-02-10");
    }
}
