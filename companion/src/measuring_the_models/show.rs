//! Shows chapter 9's two charts in the notebook, drawn from the committed measurements.

// ANCHOR: show
use concurrent_rust::fixtures::show_svg;
use concurrent_rust::measuring_the_models::figures as measured;

/// Shows the chapter's two charts, drawn from the committed measurements.
pub fn main() {
    match measured::costs_svg(measured::FIGURES_CSV) {
        Ok(svg) => show_svg(&svg),
        Err(error) => println!("cannot draw the costs: {error}"),
    }
    match measured::idle_memory_svg(measured::IDLE_CSV) {
        Ok(svg) => show_svg(&svg),
        Err(error) => println!("cannot draw the memory figure: {error}"),
    }
}
// ANCHOR_END: show

#[cfg(test)]
mod tests {
    use super::*;

    /// `main` shows the two charts, drawn from the committed data, and no error line.
    #[cfg(not(loom))]
    #[test]
    fn main_shows_both_charts_of_the_committed_measurements() {
        let output = crate::testing::run_in_child("measuring_the_models::show");
        let expected = format!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT\n\
             EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT\n",
            measured::costs_svg(measured::FIGURES_CSV).unwrap(),
            measured::idle_memory_svg(measured::IDLE_CSV).unwrap()
        );
        assert!(output == expected, "main printed something else:\n{output}");
    }
}
