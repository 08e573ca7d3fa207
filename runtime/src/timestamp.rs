//! [`Timestamp`]: seconds and nanoseconds since the Unix epoch.

use std::fmt;

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
            let digits = format!("{fraction:09}");
            out.push(b'.');
            out.extend_from_slice(digits.trim_end_matches('0').as_bytes());
        }
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
    fn carries_whole_seconds_out_of_nanos() {
        let t = Timestamp::new(10, 2_500_000_000);
        assert_eq!(t.epoch_seconds(), 12);
        assert_eq!(t.subsec_nanos(), 500_000_000);
    }

    #[test]
    fn fractional_seconds_round_to_the_microsecond() {
        let t = Timestamp::from_epoch_seconds_f64(1_700_000_000.123).unwrap();
        assert_eq!((t.epoch_seconds(), t.subsec_nanos()), (1_700_000_000, 123_000_000));
        let mut out = Vec::new();
        t.write_epoch_seconds(&mut out);
        assert_eq!(out, b"1700000000.123");
        let before = Timestamp::from_epoch_seconds_f64(-0.5).unwrap();
        assert_eq!((before.epoch_seconds(), before.subsec_nanos()), (-1, 500_000_000));
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
        assert_eq!(render(Timestamp::from_epoch_seconds_f64(-1.273).unwrap()), "-1.273");
        assert_eq!(render(Timestamp::new(-3, 0)), "-3");
        assert!(Timestamp::from_epoch_seconds_f64(f64::NAN).is_none());
    }

    #[test]
    fn rfc3339_both_ways() {
        let t = Timestamp::parse_rfc3339("2023-11-14T22:13:20.5+01:00").unwrap();
        assert_eq!((t.epoch_seconds(), t.subsec_nanos()), (1_699_996_400, 500_000_000));
        assert_eq!(t.to_rfc3339().unwrap(), "2023-11-14T21:13:20.5Z");
        assert!(Timestamp::parse_rfc3339("yesterday").is_err());
    }
}
