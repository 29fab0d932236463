import { describe, it } from 'vitest';
import { RuleTester } from '../src/rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
