//! Percentiles and shares, as the stats report them: a percentile is always one of the data
//! (nearest rank, no interpolation: "90% of calls took at most this long" is then true of a
//! real call), and shares are whole percentages that add up to exactly 100.

/// The `p`th percentile (0–100) of `sorted` (ascending) by nearest rank: the smallest value
/// with at least `p`% of the data at or below it. `None` for no data.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = sorted.len();
    let rank = (p.min(100) as usize * n).div_ceil(100).clamp(1, n.max(1));
    sorted.get(rank - 1).copied()
}

/// Each count's share of their total in whole percent, adding up to 100 (by largest
/// remainder: the floors, then one more each for the largest remainders, the earlier first
/// on a tie); all 0 when the total is 0.
pub fn shares(counts: &[usize]) -> Vec<u32> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u32> = counts.iter().map(|c| (c * 100 / total) as u32).collect();
    let short = 100 - out.iter().sum::<u32>() as usize;
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder.sort_by_key(|i| std::cmp::Reverse(counts[*i] * 100 % total));
    for i in by_remainder.into_iter().take(short) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn percentiles_are_nearest_ranks() {
        let data = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        assert_eq!(nearest_rank(&data, 50), Some(5));
        assert_eq!(nearest_rank(&data, 90), Some(9));
        assert_eq!(nearest_rank(&data, 100), Some(10));
        assert_eq!(nearest_rank(&data, 0), Some(1));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank::<u8>(&[], 50), None);
    }

    #[test]
    fn shares_round_to_whole_percents_adding_up_to_100() {
        assert_eq!(shares(&[1, 1, 1]), [34, 33, 33]);
        assert_eq!(shares(&[2, 1, 0, 0]), [67, 33, 0, 0]);
        assert_eq!(shares(&[0, 0]), [0, 0]);
    }

    proptest! {
        #[test]
        fn a_percentile_is_one_of_the_data_with_p_percent_at_or_below(
            mut data in prop::collection::vec(0u32..10_000, 1..60),
            p in 0u32..=100,
        ) {
            data.sort_unstable();
            let value = nearest_rank(&data, p).unwrap();
            prop_assert!(data.contains(&value));
            let at_or_below = data.iter().filter(|d| **d <= value).count();
            prop_assert!(at_or_below * 100 >= p as usize * data.len());
            // And it is the smallest such: below it, fewer than p%.
            let below = data.iter().filter(|d| **d < value).count();
            prop_assert!(below * 100 < (p as usize * data.len()).max(1));
        }

        #[test]
        fn shares_add_up_to_100_each_within_one_of_exact(
            counts in prop::collection::vec(0usize..500, 1..8),
        ) {
            let got = shares(&counts);
            let total: usize = counts.iter().sum();
            if total == 0 {
                prop_assert!(got.iter().all(|s| *s == 0));
            } else {
                prop_assert_eq!(got.iter().sum::<u32>(), 100);
                for (count, share) in counts.iter().zip(&got) {
                    let exact = *count as f64 * 100.0 / total as f64;
                    prop_assert!((f64::from(*share) - exact).abs() < 1.0, "{} vs {}", share, exact);
                }
            }
        }
    }
}
