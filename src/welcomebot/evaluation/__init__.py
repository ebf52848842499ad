"""`welcomebot eval`: answer quality of the matcher and two baselines on labelled queries."""
