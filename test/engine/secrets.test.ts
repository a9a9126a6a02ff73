import { DYNAMIC } from "./front-doors";
import { secretsSuite } from "./suites/secrets-suite";

secretsSuite(DYNAMIC);
