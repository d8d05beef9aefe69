#!/usr/bin/env node
// npm run check: checks an app (or a folder, or a class) against the lesson.
import { launch } from './launch.js';

await launch('check');
