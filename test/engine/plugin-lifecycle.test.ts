import { PLUGIN } from "./front-doors";
import { lifecycleSuite } from "./suites/lifecycle-suite";

lifecycleSuite(PLUGIN);
