"""A PostgreSQL cluster of the test's own: initdb in a temporary directory, a free port, a
socket directory of its own; run as the `postgres` user when the tests run as root (the
server refuses root). Never the machine's PostgreSQL."""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile

from tests.smtp_sink import free_port


def pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


class PostgresCluster:
    def __init__(self):
        self.bin = pg_bin()
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="ibbis-test-pg-")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "server.log")
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *argv, check=True):
        command = [os.path.join(self.bin, argv[0]), *argv[1:]]
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> "PostgresCluster":
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth", "trust",
                  "-E", "UTF8", "--no-sync")
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def createdb(self, name: str) -> None:
        subprocess.run([os.path.join(self.bin, "createdb"), "-h", "127.0.0.1", "-p",
                        str(self.port), "-U", "postgres", name], check=True, timeout=60)

    def cleanup(self) -> None:
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
