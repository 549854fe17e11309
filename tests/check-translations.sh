#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when po/ar.po is not a complete, valid translation of po/POTFILES.in.
set -eu
po=$1
stats=$(msgfmt --check --statistics -o /dev/null "$po/ar.po" 2>&1)
echo "ar.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac
# Every translatable string in the sources must be in ar.po.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$po/.."
xgettext --from-code=UTF-8 --files-from=po/POTFILES.in --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --add-comments=Translators -o "$tmp/rasid.pot" 2>/dev/null
missing=$(msgcmp --use-untranslated "$po/ar.po" "$tmp/rasid.pot" 2>&1 || true)
if [ -n "$missing" ]; then
  echo "$missing"
  exit 1
fi
echo "ar.po covers every string"
