//! Exact steady-state formulas for single-queue systems: Erlang B, Erlang C and Erlang A, and their inverses.
