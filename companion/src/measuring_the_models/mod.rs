//! Chapter 9: measuring the models on your own machine. The measurements the chapter adds
//! to the earlier chapters' benches, and the code that turns criterion's results into the
//! chapter's table and charts.
//!
//! | module | what it shows |
//! |---|---|
//! | [`switch`] | a context switch: two threads hand a token back and forth, pinned to one core or not |
//! | [`idle`] | memory per idle thread and per idle task, from the process's resident memory |
//! | [`figures`] | the chapter's table and charts, drawn from the committed measurements |
//! | [`show`] | the two charts, shown in the notebook |

pub mod figures;
pub mod idle;
pub mod show;
pub mod switch;
