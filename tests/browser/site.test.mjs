// The browser tests of the built site: `npm ci` once, `cargo build`, then `node --test tests/browser/`.
// Each suite is in lib/; they share one build, one web server and one Chromium (see lib/fixture.mjs).
import { after } from "node:test";

import "./lib/navigation.mjs";
import "./lib/search.mjs";
import "./lib/filters.mjs";
import "./lib/accessibility.mjs";
import "./lib/weight.mjs";
import "./lib/scorm.mjs";
import "./lib/csp.mjs";
import "./lib/app.mjs";
import "./lib/offline.mjs";
import { teardown } from "./lib/fixture.mjs";

after(teardown);
