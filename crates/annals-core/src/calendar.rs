//! English calendar words, shared by the stages that read dates: the ingest's publication
//! dates, the coder's date phrases, the stories' facts and the parser's time repairs.

/// Month names, lowercase, January first (index + 1 is the month number).
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, lowercase, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
