#!/usr/bin/env bash
# Fails on a raw file or descriptor call (read, openat, fstat, poll, signalfd, the CLinuxShim
# wrappers, ...) in Sources/**/*.swift outside Sources/SystemCalls: every such call goes through
# the SystemCall layer, which retries EINTR, stops the process on EBADF/EFAULT and checks every
# return code. Files listed in Scripts/system-calls-allowlist.txt ("path: reason", globs
# allowed) are skipped. Instant: run by Scripts/test.sh before `swift test`.
# Usage: Scripts/check-system-calls.sh [ROOT]   (ROOT: the tree to check, default this one)
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
exec python3 - "$root" <<'PY'
import fnmatch, pathlib, re, sys

root = pathlib.Path(sys.argv[1])
allow_file = root / "Scripts/system-calls-allowlist.txt"

# The calls the layer wraps. A C function is imported into Swift without argument labels, so a
# call with a labelled argument is Swift's own (`DraftFileReader.read(path:)`); for the names
# Swift code also uses for its own methods, the C arity tells them apart (`write(items)`).
CALLS = """open openat openat2 creat read readv pread pwrite write writev close fstat fstatat stat lstat
statx unlink unlinkat rename renameat renameat2 mkdir mkdirat rmdir fsync fdatasync syncfs fchmod
fchmodat chmod fchown fchownat chown lchown fcntl ioctl flock poll ppoll select epoll_create1
epoll_ctl epoll_wait inotify_init inotify_init1 inotify_add_watch inotify_rm_watch signalfd
eventfd eventfd_read eventfd_write sigprocmask pthread_sigmask sigqueue kill getdents getdents64
fgetxattr fsetxattr flistxattr fremovexattr getxattr setxattr listxattr lseek ftruncate truncate
link linkat symlink symlinkat readlink readlinkat opendir fdopendir readdir closedir dup dup2 dup3
pipe pipe2 fallocate posix_fallocate futimens utimensat faccessat access mmap munmap sendfile
copy_file_range sg_rename_noreplace sg_open_directory_path sg_syncfs sg_probe_no_writers
sg_set_access_acl sg_get_access_acl""".split()
ARITY = {"read": {3}, "write": {3}, "close": {1}, "open": {2, 3}, "stat": {2}, "link": {2},
         "kill": {2}, "poll": {3}, "rename": {2}, "pipe": {1}, "dup": {1}, "access": {2},
         "truncate": {2}, "select": {5}, "flock": {2}, "mkdir": {2}, "unlink": {1}, "chmod": {2}}
QUALIFIED = ("Glibc.", "SwiftGlibc.", "CLinuxShim.")
call = re.compile(r"\b(" + "|".join(CALLS) + r")\s*\(")

def code_only(text):
    """The source with comments and string literals blanked (newlines kept for line numbers)."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i)); i = j
        else:
            out.append(text[i]); i += 1
    return "".join(out)

def arguments(code, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren."""
    depth, start, args = 0, open_paren + 1, []
    for k in range(open_paren, len(code)):
        c = code[k]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(code[start:k])
                return [a for a in args if a.strip()] if len(args) > 1 or args[0].strip() else []
        elif c == "," and depth == 1:
            args.append(code[start:k]); start = k + 1
    return None

allow = []
if allow_file.exists():
    for line in allow_file.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, _, reason = line.partition(":")
            if not reason.strip():
                sys.exit(f"{allow_file}: an entry without a reason: {line!r}")
            allow.append(pattern.strip())

def raw_calls(code):
    """(line, name) of each raw call in `code`."""
    found = []
    for match in call.finditer(code):
        name, begin = match.group(1), match.start()
        before = code[:begin]
        qualified = any(before.endswith(q) for q in QUALIFIED)
        if not qualified:
            if before.endswith("."):
                continue  # a member: someone's own method or the layer's (SystemCall.read)
            if re.search(r"\bfunc\s+$", before) or re.search(r"\b(case|let|var)\s+$", before):
                continue  # a declaration
        args = arguments(code, match.end() - 1)
        if args is None:
            continue
        if not qualified:
            if any(re.match(r"\s*[A-Za-z_]\w*\s*:(?!:)", a) for a in args):
                continue  # a labelled argument: a Swift function
            if name in ARITY and len(args) not in ARITY[name]:
                continue
        found.append((code.count("\n", 0, begin) + 1, name))
    return found

problems, used = [], set()
for path in sorted((root / "Sources").rglob("*.swift")):
    relative = path.relative_to(root).as_posix()
    if relative.startswith("Sources/SystemCalls/"):
        continue
    calls = raw_calls(code_only(path.read_text()))
    allowed_by = [p for p in allow if fnmatch.fnmatch(relative, p)]
    if allowed_by:
        if calls:
            used.update(allowed_by)
        continue
    problems += [f"{relative}:{line}: raw {name}(...): make it through SystemCall (Sources/SystemCalls)" for line, name in calls]
for pattern in allow:
    if pattern not in used:
        print(f"note: {allow_file.relative_to(root)}: '{pattern}' matches no file with a raw call any more: remove it")

if problems:
    print("\n".join(problems))
    print(f"check-system-calls: {len(problems)} raw system call(s) outside Sources/SystemCalls "
          f"(a file that must keep one goes in {allow_file.relative_to(root)} with its reason)", file=sys.stderr)
    sys.exit(1)
print("check-system-calls: no raw file or descriptor call outside Sources/SystemCalls")
PY
