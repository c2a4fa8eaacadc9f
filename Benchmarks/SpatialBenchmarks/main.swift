// Filled in when the weights construction lands.
