//! Embed the shipped model when it is present, so the first model can be trained by a
//! build that has none yet.

fn main() {
    let model = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.annals");
    println!("cargo::rustc-check-cfg=cfg(embedded_model)");
    println!("cargo::rerun-if-changed={}", model.display());
    if model.is_file() {
        println!("cargo::rustc-cfg=embedded_model");
    }
}
