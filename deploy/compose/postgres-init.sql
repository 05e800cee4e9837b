-- Runs once, when the PostgreSQL volume is first initialised: one database per service.
-- (The services would also create their database themselves; this makes the layout explicit.)
CREATE DATABASE cs_inquiry;
CREATE DATABASE cs_orders;
CREATE DATABASE cs_aftersales;
CREATE DATABASE cs_complaints;
CREATE DATABASE cs_care;
CREATE DATABASE cs_knowledge;
