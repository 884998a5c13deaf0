#!/usr/bin/env bash
# A Dovecot IMAP server of Parley's own for the email channel's tests: Debian's dovecot-imapd, a config of
# its own (not /etc/dovecot), listening on 127.0.0.1:${PARLEY_DOVECOT_PORT:-1143} so it never meets a
# system one. Any user name signs in with the password `parley` and gets a fresh maildir under the state
# directory, so every test (and the bench) has a mailbox of its own. Plaintext auth, loopback only.
# Idempotent: does nothing when the port already answers. Tests find it through PARLEY_TEST_IMAP
# (default imap://127.0.0.1:1143) and skip, saying so, when nothing answers.
set -euo pipefail
port="${PARLEY_DOVECOT_PORT:-1143}"
dir="${PARLEY_DOVECOT_DIR:-/tmp/parley-dovecot}"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; }

if answers; then exit 0; fi

if ! command -v dovecot >/dev/null 2>&1 || [ ! -e /usr/lib/dovecot/imap ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y dovecot-imapd >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y dovecot-imapd >/dev/null)
fi

mkdir -p "$dir/run" "$dir/state" "$dir/mail"
chown dovecot:dovecot "$dir/mail"
cat >"$dir/dovecot.conf" <<CONF
# Written by .ci/dovecot.sh (Parley's tests). Dovecot 2.3 syntax (Debian 12).
instance_name = parley-test
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = static
  args = password=parley
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dir/mail/%u
}
mail_location = maildir:~/Maildir
first_valid_uid = 1
first_valid_gid = 1
mail_max_userip_connections = 200
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 512
}
CONF

dovecot -c "$dir/dovecot.conf"
for _ in $(seq 1 30); do answers && exit 0; sleep 0.5; done
echo "dovecot did not start; see $dir/dovecot.log" >&2
exit 1
