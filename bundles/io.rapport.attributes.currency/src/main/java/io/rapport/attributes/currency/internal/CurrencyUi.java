package io.rapport.attributes.currency.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

import io.rapport.platform.ui.UiExtension;

/**
 * The dashboard's editor and display of currency amounts: the ES module {@code currency.js}, served from this
 * bundle's {@code /ui} folder, and the custom elements it defines. Rapport never calls this service: its
 * properties say everything, and the dashboard follows it coming and going.
 */
@Component(service = UiExtension.class, property = {
        UiExtension.KIND + "=" + UiExtension.KIND_ATTRIBUTE_TYPE,
        UiExtension.TARGET + "=" + CurrencyType.NAME,
        UiExtension.MODULE + "=" + CurrencyUi.MODULE,
        UiExtension.EDITOR + "=rapport-currency-editor",
        UiExtension.DISPLAY + "=rapport-currency-display" })
@HttpWhiteboardResource(pattern = "/ui/plugins/io.rapport.attributes.currency/*", prefix = "/ui")
public class CurrencyUi implements UiExtension {
    static final String MODULE = "/ui/plugins/io.rapport.attributes.currency/currency.js";
}
