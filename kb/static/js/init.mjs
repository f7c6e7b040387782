// Starts GOV.UK Frontend's components (service navigation menu, skip link, accordions…).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
