#!/bin/bash
# Jaia Cloud user data, shell part, for the JaiaParts database server. Used
# verbatim (no template variables). cloud-init runs it once, as root, at the
# end of the first boot, after the packages of the cloud-config part are
# installed.
set -euo pipefail

ln -sfn /usr/bin/zile /usr/local/bin/emacs
