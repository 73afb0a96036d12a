from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "civicplan.opendata"
    label = "opendata"
    verbose_name = "Police open data"

    def ready(self) -> None:
        from civicplan.monitoring.pages.sections import indicator_section_register
        from civicplan.opendata.pages.indicator_section import police_section

        indicator_section_register("police", police_section)
