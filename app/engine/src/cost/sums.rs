//! Sums over an hourly window without a chain of dependent additions: a plain `f64` running
//! sum waits for each addition before the next (about four cycles an hour); [`sum_hours`] keeps
//! four interleaved running sums per quantity, so consecutive hours add independently. The order
//! of additions is fixed, so results are deterministic.

/// `Σ_h f(h)` for `h` in `0..hours`, for `K` quantities at once.
#[inline(always)]
pub fn sum_hours<const K: usize>(hours: usize, mut f: impl FnMut(usize) -> [f64; K]) -> [f64; K] {
    let mut lanes = [[0.0f64; K]; 4];
    let whole = hours - hours % 4;
    let mut h = 0;
    while h < whole {
        for (lane, sums) in lanes.iter_mut().enumerate() {
            let values = f(h + lane);
            for k in 0..K {
                sums[k] += values[k];
            }
        }
        h += 4;
    }
    let mut total = [0.0f64; K];
    for k in 0..K {
        total[k] = (lanes[0][k] + lanes[1][k]) + (lanes[2][k] + lanes[3][k]);
    }
    for h in whole..hours {
        let values = f(h);
        for k in 0..K {
            total[k] += values[k];
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::sum_hours;

    #[test]
    fn sums_every_hour_once_including_the_remainder() {
        for hours in [0, 1, 3, 4, 5, 719, 720] {
            let [count, sum] = sum_hours(hours, |h| [1.0, h as f64]);
            assert_eq!(count, hours as f64);
            assert_eq!(sum, (hours * hours.saturating_sub(1) / 2) as f64);
        }
    }
}
