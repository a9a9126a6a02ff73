import { DYNAMIC } from "./front-doors";
import { lifecycleSuite } from "./suites/lifecycle-suite";

lifecycleSuite(DYNAMIC);
