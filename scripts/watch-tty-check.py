#!/usr/bin/env python3
"""Runs `bourse watch` on a pseudo-terminal (interactive mode), waits for two full-screen redraws of the
ladder, resizes the terminal, waits for a redraw at the new width, presses q and checks that it exits 0 and
restores the terminal. Usage: watch-tty-check.py BOURSE_BINARY GRPC_PORT. Prints PASS or FAIL: reason."""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

binary, port = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(binary, [binary, "watch", "--port", port, "--levels", "3"])

def set_size(rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

def read_until(predicate, seconds):
    deadline, text = time.time() + seconds, b""
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            text += chunk
            if predicate(text):
                return text
    return text

set_size(40, 100)
clear = b"\x1b[H\x1b[2J"
text = read_until(lambda t: t.count(clear) >= 2 and b"spread" in t, 30)
if text.count(clear) < 2 or b"spread" not in text:
    print("FAIL: no interactive redraws: %r" % text[-300:]); sys.exit(1)
set_size(30, 60)
os.kill(pid, signal.SIGWINCH)

def widest(frame):
    visible = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", frame.decode("utf-8", "replace"))
    return max((len(line.rstrip("\r")) for line in visible.split("\n")), default=0)

def complete_frames(t):
    # Frames between two clears: the last piece may still be arriving. Frames drawn before the resize may still
    # be in the terminal's buffer, so what counts is the first frame that fits and every frame after it.
    return t.split(clear)[1:-1]

after = read_until(lambda t: any(widest(f) <= 60 for f in complete_frames(t)), 15)
frames = complete_frames(after)
fitting = [i for i, f in enumerate(frames) if widest(f) <= 60]
if not fitting:
    if not frames:
        print("FAIL: no redraw after the resize"); sys.exit(1)
    print("FAIL: a line of %d columns after resizing to 60" % min(widest(f) for f in frames)); sys.exit(1)
# Once a frame fits, every later one does too (the width is re-read on every redraw).
later = after + read_until(lambda t: False, 1.0)
frames = complete_frames(later)[fitting[0]:]
if any(widest(f) > 60 for f in frames):
    print("FAIL: a line of %d columns in a frame after one that fit 60" % max(widest(f) for f in frames)); sys.exit(1)
os.write(fd, b"q")
deadline = time.time() + 10
status = None
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    read_until(lambda t: False, 0.2)
else:
    os.kill(pid, signal.SIGKILL)
    print("FAIL: q did not quit within 10 s"); sys.exit(1)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    print("FAIL: exit status %r" % status); sys.exit(1)
print("PASS")
