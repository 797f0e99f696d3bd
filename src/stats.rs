//! Latency statistics for the benchmarks, in constant memory.
//!
//! A benchmark may time millions of round trips. Keeping each one to sort
//! them later would cost memory in proportion; instead each time falls into
//! a bucket. Buckets are 1 µs wide below 1 ms, 10 µs wide below 10 ms, and
//! so on, so every percentile is exact to within 1 % of its value.

use std::fmt::Write as _;
use std::time::Duration;

/// Bucket widths grow tenfold every decade; each decade has this many.
const PER_DECADE: u64 = 900;
/// Decades kept: 1 µs … 10 s. Anything longer lands in the last bucket.
const DECADES: u64 = 7;

/// A histogram of durations, in microseconds.
#[derive(Debug, Clone)]
pub struct Latencies {
    /// How many durations fell into each bucket (see `bucket_of`); the last
    /// also takes everything longer. Fixed size: the memory stays constant.
    buckets: Vec<u64>,
    /// How many were recorded: the ranks of percentiles are counted from it.
    count: u64,
    /// The longest exactly, since its bucket only knows a range: a
    /// percentile is never reported above it.
    max_micros: u64,
}

impl Default for Latencies {
    fn default() -> Self {
        Latencies::new()
    }
}

impl Latencies {
    /// An empty histogram.
    pub fn new() -> Self {
        Latencies {
            buckets: vec![0; (PER_DECADE * DECADES + 100) as usize],
            count: 0,
            max_micros: 0,
        }
    }

    /// Records one duration.
    pub fn record(&mut self, duration: Duration) {
        let micros = u64::try_from(duration.as_micros()).unwrap_or(u64::MAX);
        let index = bucket_of(micros).min(self.buckets.len() - 1);
        self.buckets[index] += 1;
        self.count += 1;
        self.max_micros = self.max_micros.max(micros);
    }

    /// Adds another histogram's counts to this one.
    pub fn merge(&mut self, other: &Latencies) {
        for (mine, theirs) in self.buckets.iter_mut().zip(&other.buckets) {
            *mine += theirs;
        }
        self.count += other.count;
        self.max_micros = self.max_micros.max(other.max_micros);
    }

    /// How many durations were recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The longest, in microseconds.
    pub fn max_micros(&self) -> u64 {
        self.max_micros
    }

    /// The duration below which `percent` % of all fall, in microseconds
    /// (the upper edge of its bucket, never above the maximum).
    pub fn percentile_micros(&self, percent: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = ((percent / 100.0) * self.count as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (index, &count) in self.buckets.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return upper_edge(index).min(self.max_micros);
            }
        }
        self.max_micros
    }

    /// A small text histogram: a row per range, with a bar.
    pub fn render(&self, rows: usize) -> String {
        let mut text = String::new();
        if self.count == 0 {
            return text;
        }
        // Rows split the range between p0 and p99.9 evenly on a log scale,
        // so both the bulk and the tail show.
        let low = self.percentile_micros(0.0).max(1) as f64;
        let high = (self.percentile_micros(99.9) as f64).max(low * 1.01);
        let ratio = (high / low).powf(1.0 / rows as f64);
        let mut edges: Vec<u64> = (0..=rows)
            .map(|row| (low * ratio.powi(row as i32)).round() as u64)
            .collect();
        edges.dedup();
        let mut counts = vec![0u64; edges.len()];
        for (index, &count) in self.buckets.iter().enumerate() {
            let value = upper_edge(index);
            let row = edges
                .iter()
                .position(|&edge| value <= edge)
                .unwrap_or(edges.len() - 1);
            counts[row] += count;
        }
        let widest = counts.iter().copied().max().unwrap_or(1).max(1);
        for (row, &count) in counts.iter().enumerate() {
            let label = if row + 1 == edges.len() {
                format!("> {} µs", edges[row.saturating_sub(1)])
            } else {
                format!("≤ {} µs", edges[row])
            };
            let bar = "#".repeat((count * 40).div_ceil(widest) as usize);
            let share = 100.0 * count as f64 / self.count as f64;
            let _ = writeln!(text, "  {label:>12}  {share:5.1} %  {bar}");
        }
        text
    }
}

/// The bucket a value in microseconds falls into.
fn bucket_of(micros: u64) -> usize {
    // Below 1000 µs: one bucket per microsecond (indexes 0 to 999). Then
    // decade d, from 1000·10^d µs, has PER_DECADE buckets 10^(d+1) µs wide.
    if micros < 1000 {
        return micros as usize;
    }
    let (mut start, mut width, mut index) = (1000, 10, 1000);
    while micros / 10 >= start {
        start *= 10;
        width *= 10;
        index += PER_DECADE;
    }
    (index + (micros - start) / width) as usize
}

/// The largest value that falls into bucket `index`.
fn upper_edge(index: usize) -> u64 {
    let index = index as u64;
    if index < 1000 {
        return index;
    }
    let decade = (index - 1000) / PER_DECADE;
    let offset = (index - 1000) % PER_DECADE;
    let width = 10u64.pow(decade as u32 + 1);
    let start = 1000 * 10u64.pow(decade as u32);
    start + (offset + 1) * width - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_edges_agree() {
        for micros in [
            0, 1, 999, 1000, 1009, 1010, 9_999, 10_000, 123_456, 9_999_999,
        ] {
            let edge = upper_edge(bucket_of(micros));
            assert!(edge >= micros, "{micros} → {edge}");
            assert!(
                edge as f64 <= micros as f64 * 1.01 + 1.0,
                "{micros} → {edge}"
            );
        }
    }

    #[test]
    fn percentiles_come_from_what_was_recorded() {
        let mut latencies = Latencies::new();
        for micros in 1..=1000u64 {
            latencies.record(Duration::from_micros(micros));
        }
        assert_eq!(latencies.count(), 1000);
        assert_eq!(latencies.percentile_micros(50.0), 500);
        assert_eq!(latencies.percentile_micros(99.0), 990);
        assert_eq!(latencies.percentile_micros(100.0), 1000);
        assert_eq!(latencies.max_micros(), 1000);
        let mut other = Latencies::new();
        other.record(Duration::from_millis(20));
        latencies.merge(&other);
        assert_eq!(latencies.max_micros(), 20_000);
        assert!(latencies.render(5).contains('#'));
    }
}
