//! Prints one demo function's options with their line items (a debugging aid):
//! `cargo run -p berth-engine --example one_function NAME [FUNCTIONS]`.
use berth_engine::demo::{generate, DemoConfig};
use berth_engine::{analyze_explained, Assumptions, Catalog};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().expect("a function name");
    let functions = args.next().map_or(64, |n| n.parse().expect("a count"));
    let snapshot = generate(&DemoConfig {
        functions,
        ..DemoConfig::default()
    });
    let (analysis, _) = analyze_explained(&snapshot, &Assumptions::default(), &Catalog::builtin());
    let Some(f) = analysis.functions.iter().find(|f| f.name == name) else {
        eprintln!("no function {name}");
        return;
    };
    println!(
        "{} {:?} PC utilisation {:?}",
        f.key, f.verdict.kind, f.provisioned_utilisation
    );
    for reason in &f.verdict.reasons {
        println!("  reason: {reason}");
    }
    for option in std::iter::once(&f.options.current).chain(&f.options.options) {
        println!(
            "{:<45} {:>10.2} saves {:>9.2}  {} {:?}",
            option.kind.label(),
            option.monthly_usd,
            option.saving_usd,
            option.detail,
            option.missing_prices
        );
        for line in &option.lines {
            println!(
                "      {:<40} {:>14.2} {:<14} {:>10.2}",
                line.item, line.quantity, line.unit, line.usd
            );
        }
    }
    for u in &f.options.unavailable {
        println!("unavailable {}: {}", u.kind.label(), u.reason);
    }
}
