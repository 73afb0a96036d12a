// Starts GOV.UK Frontend's components (error summary focus, details, skip link …).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
