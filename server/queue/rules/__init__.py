"""Pure queue rules: ticket states, the call-next policy, hours, estimates, times."""
