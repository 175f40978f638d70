#!/usr/bin/env bash
# Renders screenshots/dashboard.png, follow-up.png, tail.png, changes.png and diff.png from the real dashboard on a virtual
# terminal (see src/test/java/dev/claudemulti/tui/ScreenshotsMain.java). No hand-made images.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile -DskipTests=false
./mvnw -q -B exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Djava.awt.headless=true -cp %classpath dev.claudemulti.tui.ScreenshotsMain screenshots"
