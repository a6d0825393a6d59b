//! Reports inline ECharts from the npm package; say how to get it rather than fail in
//! `include_str!` with a bare path.

fn main() {
    let echarts = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../node_modules/echarts/dist/echarts.common.min.js"
    );
    println!("cargo:rerun-if-changed={echarts}");
    if !std::path::Path::new(echarts).is_file() {
        panic!("{echarts} is missing: run `npm ci` at the repository root (HTML reports inline ECharts)");
    }
}
