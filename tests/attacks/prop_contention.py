import signal as _signal
_S = {"pids": None}

def _start_spinners(count=6, seconds=5.0):
    import os, time
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os.setsid()               # a session (so an autogroup) of its own: a full CPU share each
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                pass                      # burn CPU (only while not stopped)
            os._exit(0)
        pids.append(pid)
    return pids

def _signal_all(sig):
    import os
    for pid in _S["pids"] or []:
        try:
            os.kill(pid, sig)
        except OSError:
            pass

def propagate(w, b, X, Y):
    """A correct propagate with a Python loop over the examples (not vectorized), every call.
    In the speed check it lets its spinners fill the CPUs while the grader times the baseline."""
    timed = X.size > 1_000_000            # the speed check's cat training set (12288 x 209)
    if timed and _S["pids"] is None:
        _S["pids"] = _start_spinners()
    _signal_all(_signal.SIGSTOP)          # our turn: spinners frozen
    n_x, m = X.shape
    dw = np.zeros((n_x, 1))
    db = 0.0
    cost = 0.0
    for i in range(m):
        x = X[:, i:i + 1]
        a = 1.0 / (1.0 + np.exp(-(float(np.dot(w[:, 0], x[:, 0])) + b)))
        y = Y[0, i]
        cost -= y * np.log(a) + (1 - y) * np.log(1 - a)
        dw += x * (a - y)
        db += a - y
    if timed:
        _signal_all(_signal.SIGCONT)      # the baseline's turn: spinners run
    return {"dw": dw / m, "db": float(db / m)}, float(cost / m)
