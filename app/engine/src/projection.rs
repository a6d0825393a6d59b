//! Projection: each option's monthly cost as traffic scales by a multiplier `k` (0.1× to 20×,
//! log-spaced), and the break-even multiplier where an option costs the same as the current
//! setup — the exact crossing of the two continuous cost functions (bisection between the grid
//! points that bracket the first sign change), not the nearest grid point. "Never" when the
//! lines do not cross in range.

use serde::{Deserialize, Serialize};

use crate::cost::containers::FunctionModel;
use crate::cost::options::{option_cost, OptionKind};

pub const LOWEST_MULTIPLIER: f64 = 0.1;
pub const HIGHEST_MULTIPLIER: f64 = 20.0;
/// Grid points of a projection (≥ 25).
pub const POINTS: usize = 31;

/// `points` multipliers log-spaced from 0.1 to 20, both included.
pub fn multipliers(points: usize) -> Vec<f64> {
    let (low, high) = (LOWEST_MULTIPLIER.ln(), HIGHEST_MULTIPLIER.ln());
    (0..points)
        .map(|i| {
            if i == 0 {
                LOWEST_MULTIPLIER
            } else if i + 1 == points {
                HIGHEST_MULTIPLIER
            } else {
                (low + (high - low) * i as f64 / (points - 1) as f64).exp()
            }
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProjectedOption {
    pub kind: OptionKind,
    /// Monthly cost at each multiplier of [`Projection::multipliers`].
    pub monthly_usd: Vec<f64>,
    /// Where it costs the same as the current setup.
    pub break_even: BreakEven,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakEven {
    /// Costs cross at `multiplier` × today's traffic (`requests_per_second` on average), both at
    /// `monthly_usd`. `option_cheaper_above`: the option is the cheaper one above the crossing.
    At {
        multiplier: f64,
        requests_per_second: f64,
        monthly_usd: f64,
        option_cheaper_above: bool,
    },
    /// No crossing between 0.1× and 20×.
    Never,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Projection {
    pub multipliers: Vec<f64>,
    /// Today's mean requests per second (multiplier 1).
    pub requests_per_second: f64,
    pub current: Vec<f64>,
    pub options: Vec<ProjectedOption>,
}

/// Projects every option that applies to the function. Prepares the model's sorted concurrency
/// profile first, so each point is cheap.
pub fn project(model: &mut FunctionModel) -> Projection {
    model.prepare_for_projection();
    // Only totals are needed at each point: skip the sentences.
    let explain = std::mem::replace(&mut model.explain, false);
    let projection = project_prepared(model);
    model.explain = explain;
    projection
}

fn project_prepared(model: &FunctionModel) -> Projection {
    let grid = multipliers(POINTS);
    let cost = |kind: OptionKind, k: f64| option_cost(model, kind, k).map(|o| o.monthly_usd);
    let current: Vec<f64> = grid
        .iter()
        .map(|&k| cost(OptionKind::Current, k).unwrap_or(0.0))
        .collect();
    let requests_per_second = model.traffic.mean_requests_per_second();
    let mut options = Vec::new();
    for kind in &OptionKind::ALL[1..] {
        if option_cost(model, *kind, 1.0).is_err() {
            continue;
        }
        let monthly: Vec<f64> = grid
            .iter()
            .map(|&k| cost(*kind, k).unwrap_or(f64::NAN))
            .collect();
        let difference = |k: f64| {
            cost(OptionKind::Current, k).unwrap_or(0.0) - cost(*kind, k).unwrap_or(f64::NAN)
        };
        // The grid's differences from the costs already priced (the same two calls).
        let at_grid: Vec<f64> = current.iter().zip(&monthly).map(|(c, o)| c - o).collect();
        let break_even = match crossing(&grid, &at_grid, &difference) {
            Some((k, cheaper_above)) => BreakEven::At {
                multiplier: k,
                requests_per_second: k * requests_per_second,
                monthly_usd: cost(OptionKind::Current, k).unwrap_or(0.0),
                option_cheaper_above: cheaper_above,
            },
            None => BreakEven::Never,
        };
        options.push(ProjectedOption {
            kind: *kind,
            monthly_usd: monthly,
            break_even,
        });
    }
    Projection {
        multipliers: grid,
        requests_per_second,
        current,
        options,
    }
}

/// The first `k` in the grid's range where `difference(k)` changes sign, refined by bisection
/// to machine precision; with whether `difference` is positive above it. `at_grid` holds
/// `difference` at each grid point, already known to the caller.
pub fn crossing(
    grid: &[f64],
    at_grid: &[f64],
    difference: &dyn Fn(f64) -> f64,
) -> Option<(f64, bool)> {
    let mut previous: Option<(f64, f64)> = None;
    for (&k, &d) in grid.iter().zip(at_grid) {
        if d.is_nan() {
            previous = None;
            continue;
        }
        if d == 0.0 {
            // Exactly equal at a grid point: a crossing only if the sign changes around it.
            if let Some((_, dp)) = previous {
                if dp != 0.0 {
                    return Some((k, dp < 0.0));
                }
            }
            previous = Some((k, d));
            continue;
        }
        if let Some((kp, dp)) = previous {
            if dp != 0.0 && (dp < 0.0) != (d < 0.0) {
                let (mut low, mut high) = (kp, k);
                let low_negative = dp < 0.0;
                for _ in 0..200 {
                    let middle = 0.5 * (low + high);
                    if middle <= low || middle >= high {
                        break;
                    }
                    let dm = difference(middle);
                    if dm == 0.0 {
                        low = middle;
                        high = middle;
                        break;
                    }
                    if (dm < 0.0) == low_negative {
                        low = middle;
                    } else {
                        high = middle;
                    }
                }
                return Some((0.5 * (low + high), low_negative));
            }
        }
        previous = Some((k, d));
    }
    None
}
