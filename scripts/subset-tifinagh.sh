#!/bin/sh
# Regenerates the Tifinagh web font both SPAs bundle (libs/web-kit/src/fonts) from Debian's
# fonts-noto-core (SIL Open Font License 1.1):
# the Tifinagh block and the punctuation Tamazight text uses, as WOFF2.
# Needs the apt packages fonts-noto-core, fonttools and python3-brotli.
set -eu
out="$(dirname "$0")/../libs/web-kit/src/fonts/noto-sans-tifinagh.woff2"
pyftsubset /usr/share/fonts/truetype/noto/NotoSansTifinagh-Regular.ttf \
  --unicodes='U+0020-002F,U+003A-0040,U+00A0,U+00AB,U+00BB,U+2010-2014,U+2019,U+201C-201D,U+2026,U+2D30-2D7F' \
  --layout-features='*' --flavor=woff2 --output-file="$out"
echo "$out: $(wc -c < "$out") bytes"
