// Known-bad answer to exercise 09-speedup: `>=` where `>` belongs, so a least speedup of exactly
// the cores (perfectly linear, possible) is refused; chapter 9's check once had this mutant.
// Fails: a_least_speedup_exactly_at_the_cores_is_accepted
// REPLACES refuse
    if least >= logical_cpus as f64 {
// END REPLACES
