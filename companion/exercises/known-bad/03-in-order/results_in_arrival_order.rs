// Known-bad answer to exercise 03-in-order: numbers the items but returns the results in the
// order they arrive. With small, fast jobs that is nearly always the input order, so a quick
// try passes; it is the scheduler's order all the same.
// Fails: results_come_back_in_input_order_even_when_the_first_finishes_last
// REPLACES in_order
        result_receiver.iter().map(|(_, result)| result).collect()
// END REPLACES
