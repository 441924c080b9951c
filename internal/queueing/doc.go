// Package queueing provides exact steady-state formulas for Markovian
// multi-server queues: the tests check the simulator against them, and
// capsim optimize starts its search (and the hourly schedule staffs each
// hour) at the M/M/c+D capacity they give (experiment/optimize.WarmStart).
//
// All functions take lambda, the arrival rate (customers per unit time), mu,
// the service rate of one server (customers per unit time), c, the number of
// servers (>= 1), and, for M/M/c+D, D, the deterministic patience (same time
// unit). Results are probabilities (dimensionless) or times in that unit.
// The offered load is a = lambda/mu (Erlangs).
//
// # Erlang B and C
//
// ErlangB uses the recursion B(0) = 1, B(k) = a*B(k-1)/(k + a*B(k-1)), which
// stays in [0, 1] and neither overflows nor loses accuracy for c and a in the
// thousands. ErlangC uses C = c*B/(c - a*(1-B)).
//
// # M/M/c+D (Erlang-A with deterministic patience)
//
// Customers are served first come, first served; each is willing to wait at
// most D. Under FCFS the virtual waiting time V(t) (the wait an arrival at t
// would have) is known at arrival, so a customer with V > D abandons at once
// in effect (it never reaches a server and adds no work), and one with V <= D
// is served after waiting exactly V. Abandonment is therefore the event
// {V > D} and, by PASTA, P(abandon) = P(V > D) in steady state. The
// derivation follows the level-crossing argument of Baccelli & Hebuterne
// (1981), "On queues with impatient customers", Performance '81, pp. 159-179;
// see also Brandt & Brandt (1999), "On the M(n)/M(n)/s queue with impatient
// calls", Performance Evaluation 35, 1-18.
//
// While fewer than c servers are busy, V = 0 and the number in system n is a
// birth-death chain: pi_n = pi_0 * a^n / n! for n < c. An arrival finding
// c-1 busy servers makes V jump from 0 to an Exp(c*mu) time (the next of c
// exponential completions); an arrival finding V = v <= D makes V jump to
// v + Exp(c*mu); an arrival with V > D leaves V unchanged. Between jumps V
// decreases at unit rate. Equating the down-crossing rate f(x) of level x > 0
// with the up-crossing rate gives
//
//	f(x) = lambda*pi_{c-1}*exp(-c*mu*x) + lambda * int_0^{min(x,D)} f(v) exp(-c*mu*(x-v)) dv,
//
// whose solution is
//
//	f(v) = lambda*pi_{c-1}*exp(-(c*mu - lambda)*v)   for 0 < v <= D,
//	f(v) = f(D)*exp(-c*mu*(v - D))                   for v > D.
//
// Normalisation sum_{n<c} pi_n + int_0^inf f = 1 fixes pi_{c-1}. Writing
// theta = c*mu - lambda and using sum_{n<c} pi_n = pi_{c-1}/B(c-1, a):
//
//	1 = pi_{c-1} * [ 1/B(c-1,a) + lambda*(1 - exp(-theta*D))/theta + lambda*exp(-theta*D)/(c*mu) ],
//
// with (1 - exp(-theta*D))/theta read as D when theta = 0. Then
// P(V = 0) = pi_{c-1}/B(c-1,a), P(0 < V <= D) is the middle term and
// P(V > D) = f(D)/(c*mu) is the last. theta may be negative (overload): the
// model is stable for every finite D. The implementation rescales all three
// terms by B(c-1,a) and, when theta < 0, by exp(theta*D), so no intermediate
// overflows.
//
// Given 0 < V <= D, V has the truncated exponential density proportional to
// exp(-theta*v) on (0, D], with mean D*(1/x - 1/(exp(x) - 1)), x = theta*D
// (D/2 when theta = 0); its CDF (1 - exp(-theta*v))/(1 - exp(-theta*D)) is
// inverted in closed form for quantiles. Checks: D = 0 gives P(V > D) equal
// to Erlang B; D -> infinity with a < c gives Erlang C and the M/M/c mean
// wait C/(c*mu - lambda).
package queueing
