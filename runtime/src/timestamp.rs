//! [`Timestamp`]: seconds and nanoseconds since the Unix epoch.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time, held as seconds and nanoseconds since the Unix epoch (UTC).
///
/// Generated for string shapes with `format: date-time`. On the awsJson wire it is a number of
/// epoch seconds (with a fraction when it has one); reading accepts that or an RFC 3339 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// The timestamp `secs` seconds and `nanos` nanoseconds after the Unix epoch.
    ///
    /// Nanoseconds of a second or more carry into the seconds.
    pub fn new(secs: i64, nanos: u32) -> Self {
        let carry = i64::from(nanos / 1_000_000_000);
        Self {
            secs: secs.saturating_add(carry),
            nanos: nanos % 1_000_000_000,
        }
    }

    /// The timestamp a whole number of seconds after the Unix epoch.
    pub fn from_epoch_seconds(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// The timestamp a (possibly fractional) number of seconds after the Unix epoch, as awsJson
    /// sends it. The fraction is rounded to the microsecond: a double cannot tell nanoseconds
    /// apart at today's epoch values. `None` when not finite or out of range.
    pub fn from_epoch_seconds_f64(secs: f64) -> Option<Self> {
        if !secs.is_finite() || secs.abs() >= 9.0e15 {
            return None;
        }
        let micros = (secs * 1e6).round();
        let whole = (micros / 1e6).floor();
        let frac_micros = micros - whole * 1e6;
        Some(Self::new(whole as i64, (frac_micros as u32) * 1000))
    }

    /// Whole seconds since the Unix epoch (rounded towards negative infinity).
    pub fn epoch_seconds(&self) -> i64 {
        self.secs
    }

    /// The fraction of the second, in nanoseconds (`0..1_000_000_000`).
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as a double: the double nearest to the exact decimal (adding the
    /// whole and fractional parts as doubles would round twice: `2 + 0.946` is
    /// `2.9459999999999997`).
    pub fn as_epoch_seconds_f64(&self) -> f64 {
        if self.nanos == 0 {
            return self.secs as f64;
        }
        let mut text = Vec::with_capacity(32);
        self.write_epoch_seconds(&mut text);
        std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(self.secs as f64)
    }

    /// Parses an RFC 3339 date-time (`2024-05-01T12:30:00Z`, `…+02:00`, with fractions).
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let t = OffsetDateTime::parse(text, &Rfc3339).map_err(|e| e.to_string())?;
        let nanos = t.unix_timestamp_nanos();
        let secs = nanos.div_euclid(1_000_000_000);
        let sub = nanos.rem_euclid(1_000_000_000);
        let secs = i64::try_from(secs).map_err(|_| String::from("out of range"))?;
        Ok(Self::new(secs, sub as u32))
    }

    /// The RFC 3339 form in UTC (`2024-05-01T12:30:00Z`), or `None` beyond the years 1..=9999.
    pub fn to_rfc3339(&self) -> Option<String> {
        let nanos = i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos);
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
    }

    /// Writes the awsJson form: epoch seconds as an exact decimal, with a fraction (trailing
    /// zeros trimmed) only when there is one: `1700000000`, `2.946`, `-0.5`.
    pub(crate) fn write_epoch_seconds(&self, out: &mut Vec<u8>) {
        if self.nanos == 0 {
            out.extend_from_slice(itoa::Buffer::new().format(self.secs).as_bytes());
            return;
        }
        let total = i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos);
        if total < 0 {
            out.push(b'-');
        }
        let magnitude = total.unsigned_abs();
        let whole = magnitude / 1_000_000_000;
        let fraction = magnitude % 1_000_000_000;
        out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
        if fraction != 0 {
            // Nine digits, zero-padded, trailing zeros trimmed (no allocation).
            let mut digits = [b'0'; 9];
            let mut rest = fraction;
            for d in digits.iter_mut().rev() {
                *d = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            let len = 9 - digits.iter().rev().take_while(|&&d| d == b'0').count();
            out.push(b'.');
            out.extend_from_slice(&digits[..len]);
        }
    }
}

/// Exact to the nanosecond, before the epoch too (seconds round towards negative infinity, the
/// fraction stays positive).
impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => {
                let secs = i64::try_from(after.as_secs()).unwrap_or(i64::MAX);
                Self::new(secs, after.subsec_nanos())
            }
            Err(before) => {
                // `before` is how long before the epoch: round the seconds towards negative
                // infinity and keep a positive fraction.
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => Self::new(-secs, 0),
                    n => Self::new(-secs - 1, 1_000_000_000 - n),
                }
            }
        }
    }
}

/// Exact to the nanosecond; fails only for an instant the platform's `SystemTime` cannot hold.
impl TryFrom<Timestamp> for SystemTime {
    type Error = String;

    fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
        let out_of_range = || format!("{t} is out of the range of SystemTime");
        if t.secs >= 0 {
            UNIX_EPOCH
                .checked_add(Duration::new(t.secs.unsigned_abs(), t.nanos))
                .ok_or_else(out_of_range)
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(t.secs.unsigned_abs()))
                .and_then(|s| s.checked_add(Duration::from_nanos(u64::from(t.nanos))))
                .ok_or_else(out_of_range)
        }
    }
}

/// Exact to the nanosecond (the offset is dropped: a `Timestamp` is an instant).
impl From<OffsetDateTime> for Timestamp {
    fn from(time: OffsetDateTime) -> Self {
        let nanos = time.unix_timestamp_nanos();
        let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
        Self::new(secs, nanos.rem_euclid(1_000_000_000) as u32)
    }
}

/// In UTC, exact to the nanosecond; fails beyond the years `time` can hold (±9999).
impl TryFrom<Timestamp> for OffsetDateTime {
    type Error = String;

    fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
        let nanos = i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos);
        OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|e| e.to_string())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_rfc3339() {
            Some(text) => f.write_str(&text),
            None => write!(f, "{}.{:09}s since the epoch", self.secs, self.nanos),
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            serializer.serialize_i64(self.secs)
        } else {
            serializer.serialize_f64(self.as_epoch_seconds_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_time_and_offset_date_time_convert_exactly() {
        for t in [
            Timestamp::new(1_700_000_000, 123_456_789),
            Timestamp::new(-1, 999_999_999),
            Timestamp::new(-86_401, 1),
            Timestamp::new(0, 0),
        ] {
            let system = SystemTime::try_from(t).unwrap();
            assert_eq!(Timestamp::from(system), t);
            let offset = OffsetDateTime::try_from(t).unwrap();
            assert_eq!(
                offset.unix_timestamp_nanos() % 1_000_000_000 != 0,
                t.subsec_nanos() != 0
            );
            assert_eq!(Timestamp::from(offset), t);
        }
        let later = UNIX_EPOCH + Duration::new(5, 7);
        assert_eq!(Timestamp::from(later), Timestamp::new(5, 7));
        assert!(OffsetDateTime::try_from(Timestamp::from_epoch_seconds(i64::MAX)).is_err());
    }

    #[test]
    fn carries_whole_seconds_out_of_nanos() {
        let t = Timestamp::new(10, 2_500_000_000);
        assert_eq!(t.epoch_seconds(), 12);
        assert_eq!(t.subsec_nanos(), 500_000_000);
    }

    #[test]
    fn fractional_seconds_round_to_the_microsecond() {
        let t = Timestamp::from_epoch_seconds_f64(1_700_000_000.123).unwrap();
        assert_eq!(
            (t.epoch_seconds(), t.subsec_nanos()),
            (1_700_000_000, 123_000_000)
        );
        let mut out = Vec::new();
        t.write_epoch_seconds(&mut out);
        assert_eq!(out, b"1700000000.123");
        let before = Timestamp::from_epoch_seconds_f64(-0.5).unwrap();
        assert_eq!(
            (before.epoch_seconds(), before.subsec_nanos()),
            (-1, 500_000_000)
        );
        let render = |t: Timestamp| {
            let mut out = Vec::new();
            t.write_epoch_seconds(&mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(render(before), "-0.5");
        // Near the epoch, adding the parts as doubles would give 2.9459999999999997.
        let near = Timestamp::from_epoch_seconds_f64(2.946).unwrap();
        assert_eq!(render(near), "2.946");
        assert_eq!(near.as_epoch_seconds_f64(), 2.946);
        assert_eq!(
            render(Timestamp::from_epoch_seconds_f64(-1.273).unwrap()),
            "-1.273"
        );
        assert_eq!(render(Timestamp::new(-3, 0)), "-3");
        assert!(Timestamp::from_epoch_seconds_f64(f64::NAN).is_none());
    }

    #[test]
    fn rfc3339_both_ways() {
        let t = Timestamp::parse_rfc3339("2023-11-14T22:13:20.5+01:00").unwrap();
        assert_eq!(
            (t.epoch_seconds(), t.subsec_nanos()),
            (1_699_996_400, 500_000_000)
        );
        assert_eq!(t.to_rfc3339().unwrap(), "2023-11-14T21:13:20.5Z");
        assert!(Timestamp::parse_rfc3339("yesterday").is_err());
    }
}
