import { DYNAMIC } from "./front-doors";
import { credentialEchoSuite } from "./suites/credential-echo-suite";

credentialEchoSuite(DYNAMIC);
